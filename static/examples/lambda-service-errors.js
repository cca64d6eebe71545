// A quote service. The handler itself never fails: the failures come from Lambda, injected in
// the function panel (Inject: Lambda.ServiceException for the next 2 invocations).
exports.handler = async (event) => {
  console.log("quote for", event.symbol);
  return { symbol: event.symbol, price: 101.25 };
};

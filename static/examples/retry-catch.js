// Fails with a custom error name while the card network is "busy" (the first `busyFor`
// attempts). Try "busyFor": 1 (the Retry succeeds) or 5 (retries run out; the Catch takes over).
class CardNetworkBusy extends Error {
  constructor(message) {
    super(message);
    this.name = "CardNetworkBusy";
  }
}

exports.handler = async (event, context) => {
  console.log(`attempt ${event.retryCount + 1} for order ${event.orderId} (${context.awsRequestId})`);
  if (event.retryCount < event.busyFor) {
    throw new CardNetworkBusy(`card network busy (attempt ${event.retryCount + 1})`);
  }
  return { charged: event.amount, currency: "EUR" };
};

// Charges the order's amount (a stand-in for a payment API).
exports.handler = async (event) => {
  console.log(`Charging ${event.amount} for order ${event.order}`);
  return { charged: event.amount, currency: "EUR", receipt: `r-${event.order}` };
};

// One function for every step of the order (the Task's Parameters say which).
// Validate is "throttled" for the first `throttle` attempts (the Retry takes over);
// a card named "declined" fails the charge (the Parallel's Catch takes over).
class Throttled extends Error {
  constructor(message) { super(message); this.name = "Throttled"; }
}
class PaymentDeclined extends Error {
  constructor(message) { super(message); this.name = "PaymentDeclined"; }
}

exports.handler = async (event) => {
  switch (event.step) {
    case "validate":
      if (event.retryCount < (event.order.throttle ?? 0)) {
        throw new Throttled(`too many requests (attempt ${event.retryCount + 1})`);
      }
      return { valid: true, items: event.order.items.length };
    case "pack":
      console.log(`packing ${event.item}`);
      return `${event.item} packed`;
    case "charge":
      if (event.card === "declined") throw new PaymentDeclined(`card declined for ${event.total}`);
      return { charged: event.total };
    default:
      throw new Error(`unknown step ${event.step}`);
  }
};

exports.handler = async (event) => {
  console.info("approving", event);
  return { ...event, approved: true, approvedAt: new Date().toISOString() };
};

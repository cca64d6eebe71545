exports.handler = async ({ kind, city }) => {
  if (kind === "weather") return `Sunny in ${city}`;
  return `It is tea time in ${city}`;
};

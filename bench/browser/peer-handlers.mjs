// How the benchmarks hand a Node.js-style handler to the peer, aws-local-stepfunctions 3.0.0:
// shared by its Node.js runner (bench/node/peer.mjs) and its browser page (bench/browser/peer.js).

/**
 * Loads a handler's CommonJS source and returns `event => Promise<result>`; the source gets
 * `require` as its `require`.
 */
export function loadHandler(source, functionName, require) {
  const module = { exports: {} };
  new Function("exports", "module", "require", source)(module.exports, module, require);
  const handler = module.exports.handler;
  if (typeof handler !== "function") throw new Error(`${functionName}: no exports.handler`);
  const context = {
    functionName,
    functionVersion: "$LATEST",
    memoryLimitInMB: "128",
    getRemainingTimeInMillis: () => 3000,
  };
  return (event) =>
    new Promise((resolve, reject) => {
      const done = (err, value) => (err ? reject(err) : resolve(value));
      const r = handler(event, context, done);
      if (r && typeof r.then === "function") r.then(resolve, reject);
    });
}

/** Every Task state (name → Resource) in a definition, nested ones included. */
export function taskStates(states, out = {}) {
  for (const [name, s] of Object.entries(states ?? {})) {
    if (s.Type === "Task") out[name] = s.Resource;
    for (const sub of [s.Iterator, s.ItemProcessor, ...(s.Branches ?? [])]) {
      if (sub) taskStates(sub.States, out);
    }
  }
  return out;
}

/**
 * The peer's `overrides.taskResourceLocalHandlers` (keyed by state name) for a definition:
 * each Task state whose Resource names a function in `sources` (`{"<ARN or name>": source}`)
 * runs that source.
 */
export function localHandlers(definition, sources, require) {
  const handlers = {};
  for (const [state, resource] of Object.entries(taskStates(definition.States))) {
    const fn = String(resource).split(":function:")[1]?.split(":")[0];
    const source = sources[resource] ?? sources[fn];
    if (source !== undefined) handlers[state] = loadHandler(source, fn, require);
  }
  return handlers;
}

// A fake widget model (enough of Backbone / anywidget for the views): get, set with change
// events (space-separated names in on / off, no event when the value is the same object),
// save_changes, send, and custom messages. Every write is logged in order, so a test can check
// which traits a gesture sets and in what order. Not a test file itself.

/**
 * @param {Record<string, any>} [state]
 * @param {any} [widgetManager] the model's `widget_manager` (link.js gets other models there)
 */
export function fakeModel(state = {}, widgetManager = undefined) {
  /** @type {Map<string, Function[]>} */
  const listeners = new Map();
  const names = (ev) => ev.split(/\s+/).filter(Boolean);
  const model = {
    widget_manager: widgetManager,
    /** ["set", name, value] | ["save"] | ["send", content], in order */
    log: [],
    get: (k) => state[k],
    set(k, v) {
      const old = state[k];
      state[k] = v;
      model.log.push(["set", k, v]);
      if (old !== v) for (const cb of [...(listeners.get(`change:${k}`) || [])]) cb();
    },
    save_changes() {
      model.log.push(["save"]);
    },
    send(content) {
      model.log.push(["send", content]);
    },
    on(ev, cb) {
      for (const n of names(ev)) listeners.set(n, [...(listeners.get(n) || []), cb]);
    },
    off(ev, cb) {
      for (const n of names(ev)) listeners.set(n, (listeners.get(n) || []).filter((f) => f !== cb));
    },
    /** A change of `k` from the kernel: not logged as a write. */
    kernelSet(k, v) {
      state[k] = v;
      for (const cb of [...(listeners.get(`change:${k}`) || [])]) cb();
    },
    /** A custom message from the kernel, with its buffers. */
    receive(msg, buffers = []) {
      for (const cb of [...(listeners.get("msg:custom") || [])]) cb(msg, buffers);
    },
    /** Listeners registered now, over all events. */
    listenerCount: () => [...listeners.values()].reduce((n, l) => n + l.length, 0),
    /** Writes since the last call, and clear the log. */
    take() {
      const out = model.log;
      model.log = [];
      return out;
    },
  };
  return model;
}

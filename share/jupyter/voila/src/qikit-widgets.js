/* qikit's page front end: connects a Voila page to its kernel and shows its widgets.
   A small replacement for Voila's JupyterLab front end (about 5 MB of scripts): the
   cells are already HTML; only the widgets need a script. */
import * as base from "@jupyter-widgets/base";
import * as controls from "@jupyter-widgets/controls";
import { ManagerBase } from "@jupyter-widgets/base-manager";
import { MessageLoop } from "@lumino/messaging";
import { Widget } from "@lumino/widgets";
// JupyterLab's theme (the template's theme-light.css) defines the colours and sizes
// these use; the controls' own copy of those variables (labvariables.css) is left out.
import "@jupyter-widgets/base/css/index.css";
import "@jupyter-widgets/controls/css/widgets-base.css";
import "./page.css";

const PROTOCOL = "5.3";
const RECONNECT_TRIES = 5; // again after 0.5, 1, 2, 4 and 8 s: about 15 s in all
const RECONNECT_WAIT = 500; // ms

function uuid() {
  if (window.crypto && crypto.randomUUID) return crypto.randomUUID().replace(/-/g, "");
  return Math.random().toString(16).slice(2) + Date.now().toString(16);
}

/* Binary frames in the Jupyter server's default (legacy) websocket format: a count n,
   n offsets (big-endian uint32), the message as JSON, then its buffers. */
function serialize(msg, buffers) {
  const json = new TextEncoder().encode(JSON.stringify(msg));
  const parts = [json, ...buffers.map((b) =>
    b instanceof ArrayBuffer ? new Uint8Array(b) : new Uint8Array(b.buffer, b.byteOffset, b.byteLength))];
  const n = parts.length;
  const head = new DataView(new ArrayBuffer(4 * (n + 1)));
  head.setUint32(0, n);
  let offset = 4 * (n + 1);
  parts.forEach((part, i) => { head.setUint32(4 * (i + 1), offset); offset += part.byteLength; });
  const out = new Uint8Array(offset);
  out.set(new Uint8Array(head.buffer), 0);
  let at = 4 * (n + 1);
  for (const part of parts) { out.set(part, at); at += part.byteLength; }
  return out.buffer;
}

function deserialize(data) {
  const view = new DataView(data);
  const n = view.getUint32(0);
  const offsets = [];
  for (let i = 0; i < n; i++) offsets.push(view.getUint32(4 * (i + 1)));
  offsets.push(data.byteLength);
  const msg = JSON.parse(new TextDecoder().decode(new Uint8Array(data, offsets[0], offsets[1] - offsets[0])));
  msg.buffers = [];
  for (let i = 1; i < n; i++) msg.buffers.push(new DataView(data, offsets[i], offsets[i + 1] - offsets[i]));
  return msg;
}

class Comm {
  constructor(kernel, target_name, comm_id) {
    this.kernel = kernel;
    this.target_name = target_name;
    this.comm_id = comm_id;
    this._on_msg = null;
    this._on_close = null;
    kernel.comms.set(comm_id, this);
  }
  open(data, callbacks, metadata, buffers) {
    return this.kernel.send("comm_open", { comm_id: this.comm_id, target_name: this.target_name, data: data || {} }, callbacks, metadata, buffers);
  }
  send(data, callbacks, metadata, buffers) {
    return this.kernel.send("comm_msg", { comm_id: this.comm_id, data: data || {} }, callbacks, metadata, buffers);
  }
  close(data, callbacks, metadata, buffers) {
    this.kernel.comms.delete(this.comm_id);
    return this.kernel.send("comm_close", { comm_id: this.comm_id, data: data || {} }, callbacks, metadata, buffers);
  }
  on_msg(callback) { this._on_msg = callback; }
  on_close(callback) { this._on_close = callback; }
}

class Kernel {
  constructor(baseUrl, kernelId) {
    this.session = uuid();
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    this.url = `${scheme}//${location.host}${baseUrl}api/kernels/${kernelId}/channels?session_id=${this.session}`;
    this.comms = new Map();
    this.targets = new Map();
    this.callbacks = new Map();
    this.ws = null;
    this.queue = [];
    this.tries = 0;
    this.leaving = false;
    this.onstate = () => {};
    window.addEventListener("pagehide", () => { this.leaving = true; });
  }
  /* Connects, and resolves once connected. If the websocket cannot open, or closes
     later (a dropped wireless connection, a restarted server), the page tries again
     a few times, saying so (onstate), and what it sends meanwhile waits in a queue:
     the kernel keeps every widget's state. Rejects if the first connection never
     opens. window.qikitReconnect = {tries, wait} (ms) changes the schedule. */
  start() {
    return new Promise((resolve, reject) => {
      this._ready = { resolve, reject };
      this._attempt();
    });
  }
  _attempt() {
    const ws = new WebSocket(this.url);
    ws.binaryType = "arraybuffer";
    let opened = false;
    ws.onopen = () => {
      opened = true;
      this.ws = ws;
      this.tries = 0;
      for (const frame of this.queue.splice(0)) ws.send(frame);
      this.onstate("connected");
      if (this._ready) this._ready.resolve(this);
      this._ready = null;
    };
    ws.onclose = () => {
      if (this.leaving || (opened && this.ws !== ws)) return;
      this.ws = null;
      const schedule = { tries: RECONNECT_TRIES, wait: RECONNECT_WAIT, ...(window.qikitReconnect || {}) };
      if (this.tries >= schedule.tries) {
        this.onstate("lost");
        if (this._ready) this._ready.reject(new Error("The page could not reach its kernel."));
        this._ready = null;
        return;
      }
      this.onstate("reconnecting");
      const wait = schedule.wait * 2 ** this.tries;
      this.tries += 1;
      setTimeout(() => this._attempt(), wait);
    };
    ws.onmessage = (event) => {
      const msg = typeof event.data === "string" ? JSON.parse(event.data) : deserialize(event.data);
      if (!msg.buffers) msg.buffers = [];
      this._handle(msg);
    };
  }
  send(msg_type, content, callbacks, metadata, buffers) {
    const msg_id = uuid();
    const msg = {
      header: { msg_id, msg_type, username: "", session: this.session, date: new Date().toISOString(), version: PROTOCOL },
      parent_header: {}, metadata: metadata || {}, content, channel: "shell", buffers: [],
    };
    // Kept until the kernel is idle after this message and, if a reply is wanted,
    // the reply has come (the two arrive in either order).
    if (callbacks) this.callbacks.set(msg_id, { callbacks, idle: false, replied: !(callbacks.shell && callbacks.shell.reply) });
    const frame = buffers && buffers.length ? serialize(msg, buffers) : JSON.stringify(msg);
    if (this.ws && this.ws.readyState === WebSocket.OPEN) this.ws.send(frame);
    else this.queue.push(frame);
    return msg_id;
  }
  request(msg_type, content) {
    return new Promise((resolve) => this.send(msg_type, content, { shell: { reply: resolve } }));
  }
  _handle(msg) {
    const type = msg.header.msg_type;
    const content = msg.content;
    if (type === "comm_open") {
      const handler = this.targets.get(content.target_name);
      const comm = new Comm(this, content.target_name, content.comm_id);
      if (handler) handler(comm, msg);
      return;
    }
    if (type === "comm_msg") {
      const comm = this.comms.get(content.comm_id);
      if (comm && comm._on_msg) comm._on_msg(msg);
      return;
    }
    if (type === "comm_close") {
      const comm = this.comms.get(content.comm_id);
      this.comms.delete(content.comm_id);
      if (comm && comm._on_close) comm._on_close(msg);
      return;
    }
    const parent = msg.parent_header && msg.parent_header.msg_id;
    const entry = parent && this.callbacks.get(parent);
    if (!entry) return;
    const callbacks = entry.callbacks;
    if (msg.channel === "shell") {
      if (callbacks.shell && callbacks.shell.reply) callbacks.shell.reply(msg);
      entry.replied = true;
    } else {
      const iopub = callbacks.iopub || {};
      if (type === "status") {
        if (iopub.status) iopub.status(msg);
        if (content.execution_state === "idle") entry.idle = true;
      } else if (type === "clear_output") {
        if (iopub.clear_output) iopub.clear_output(msg);
      } else if (["display_data", "execute_result", "stream", "error", "update_display_data"].includes(type)) {
        if (iopub.output) iopub.output(msg);
      }
    }
    if (entry.idle && entry.replied) this.callbacks.delete(parent);
  }
}

/* The Output widget's contents, shown from its state (qikit sets them directly). */
class OutputModel extends base.DOMWidgetModel {
  defaults() {
    return { ...super.defaults(), _model_name: "OutputModel", _view_name: "OutputView",
      _model_module: "@jupyter-widgets/output", _view_module: "@jupyter-widgets/output",
      _model_module_version: "1.0.0", _view_module_version: "1.0.0", outputs: [], msg_id: "" };
  }
}
class OutputView extends base.DOMWidgetView {
  render() {
    this.el.classList.add("jupyter-widgets-output-area");
    this.listenTo(this.model, "change:outputs", this.update);
    this.update();
  }
  update() {
    this.el.textContent = "";
    for (const output of this.model.get("outputs") || []) {
      const data = output.data || {};
      const box = document.createElement("div");
      if (output.output_type === "stream") {
        const pre = document.createElement("pre"); pre.textContent = output.text; box.appendChild(pre);
      } else if (data["text/html"] !== undefined) {
        box.innerHTML = [].concat(data["text/html"]).join("");
      } else if (data["image/png"] !== undefined) {
        const img = document.createElement("img"); img.src = "data:image/png;base64," + data["image/png"];
        img.alt = [].concat(data["text/plain"] || "").join(""); box.appendChild(img);
      } else if (data["text/plain"] !== undefined) {
        const pre = document.createElement("pre"); pre.textContent = [].concat(data["text/plain"]).join(""); box.appendChild(pre);
      }
      this.el.appendChild(box);
    }
  }
}
const MODULES = {
  "@jupyter-widgets/base": base,
  "@jupyter-widgets/controls": controls,
  "@jupyter-widgets/output": { OutputModel, OutputView },
};

class Manager extends ManagerBase {
  constructor(kernel) {
    super();
    this.kernel = kernel;
    kernel.targets.set("jupyter.widget", (comm, msg) => this.handle_comm_open(comm, msg));
  }
  loadClass(className, moduleName, moduleVersion) {
    const mod = MODULES[moduleName];
    if (mod && mod[className]) return Promise.resolve(mod[className]);
    return Promise.reject(new Error(`Class ${className} not found in module ${moduleName}@${moduleVersion}`));
  }
  async _create_comm(target_name, model_id, data, metadata, buffers) {
    const comm = new Comm(this.kernel, target_name, model_id || uuid());
    if (data || metadata) comm.open(data, undefined, metadata, buffers);
    return comm;
  }
  async _get_comm_info() {
    const reply = await this.kernel.request("comm_info_request", { target_name: "jupyter.widget" });
    return reply.content.comms;
  }
  load() { return this._loadFromKernel(); }
}

function problem(where, text) {
  const box = document.createElement("div");
  box.className = "qikit-page-error";
  box.setAttribute("role", "alert");
  box.innerHTML = "<p><strong>Sorry, part of this page could not be shown.</strong> " + text + "</p>";
  where.replaceWith ? where.replaceWith(box) : where.appendChild(box);
}

async function main() {
  const config = JSON.parse(document.getElementById("jupyter-config-data").textContent);
  const views = [...document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]')];
  // A page without widgets needs no connection: its kernel, unused, is stopped by
  // the server's culler (curriculum/voila.json).
  if (!config.kernelId || !views.length) return;
  const kernel = new Kernel(config.baseUrl, config.kernelId);
  kernel.onstate = connection;
  try {
    await kernel.start();
  } catch (e) {
    views.forEach((el) => problem(el.parentElement, "Reload the page. If that does not help, tell your trainer."));
    return;
  }
  const manager = new Manager(kernel);
  window.qikitWidgets = manager; // for the browser tests
  try { await manager.load(); } catch (e) { console.error(e); }
  const shown = [];
  await Promise.all(views.map(async (script) => {
    const container = script.parentElement;
    try {
      const { model_id } = JSON.parse(script.textContent);
      const model = await manager.get_model(model_id);
      const view = await manager.create_view(model);
      script.remove();
      Widget.attach(view.luminoWidget, container);
      shown.push(view.luminoWidget);
    } catch (e) {
      console.error(e);
      problem(container, "Reload the page. If that does not help, tell your trainer.");
    }
  }));
  // Lumino lays some widgets out to the window's size: tell them when it changes.
  window.addEventListener("resize", () => {
    for (const widget of shown) MessageLoop.sendMessage(widget, Widget.ResizeMessage.UnknownSize);
  });
  document.body.dataset.qikitWidgets = "shown";
}

/* What the page says while its connection to the kernel is down. */
const CONNECTION_WORDS = {
  reconnecting: "This page is not connected to the computer that runs the apps. Trying again…",
  lost: "This page could not connect to the computer that runs the apps. Reload the page to carry on: anything you have not saved will need to be entered again.",
};
function connection(state) {
  let box = document.getElementById("qikit-connection");
  if (state === "connected") {
    if (box) box.remove();
    return;
  }
  if (!box) {
    box = document.createElement("div");
    box.id = "qikit-connection";
    box.className = "qikit-page-error qikit-connection";
    box.setAttribute("role", "alert");
    document.body.insertBefore(box, document.getElementById("main"));
  }
  box.dataset.state = state;
  box.textContent = CONNECTION_WORDS[state];
}

main();

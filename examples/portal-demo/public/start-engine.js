// The demo page's first import: starts instantiating the engine (the .wasm is already preloaded
// by index.html) before the web components are defined and connected, so its compilation runs on
// a background thread while they set up.
import { createRespite } from '/respite/index.mjs';
import { provideEngine } from '/web/engine.js';

provideEngine(createRespite());

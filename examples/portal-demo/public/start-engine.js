// The pages' first import: starts the engine before the web components are defined and connected.
// respite.wasm, which the page preloads, is compiled on other threads while they set up; the
// engine's JS (the package's index.mjs) is bundled with this script.
import { createRespite } from '/respite/index.mjs';
import { startEngine } from '/web/engine.js';

// The page's preload names the .wasm (versioned); the package's path where there is none.
const preload = document.querySelector('link[rel="preload"][href$="/respite.wasm"]');
startEngine(createRespite, preload?.href ?? '/respite/respite.wasm');

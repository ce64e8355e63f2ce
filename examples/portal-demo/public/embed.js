// The banner-only page's script (/embed), as a host app bundles the banner with its own script:
// the engine first, then the element.
import './start-engine.js';
import '/web/respite-banner.js';

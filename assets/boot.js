// Starts the app. Trunk writes the hashed file names of wasm-bindgen's JS glue and of the wasm
// module on <meta name="playground-app"> (see `pattern_script` in Trunk.toml). Loading them from
// this file, rather than from Trunk's default inline loader, lets the Content-Security-Policy
// forbid every inline script.
const app = document.querySelector('meta[name="playground-app"]');
const { default: init } = await import(new URL(app.dataset.js, document.baseURI).href);
await init({ module_or_path: new URL(app.dataset.wasm, document.baseURI) });

// Loads the WASM app. Lives in its own file (not trunk's default inline loader) so the
// backend's Content-Security-Policy can forbid inline scripts. Trunk writes the hashed
// file names into the data attributes of the <script> tag that loads this module.
const tag = document.querySelector("script[data-kura-js]");
const boot = document.getElementById("boot");

try {
  const { default: init } = await import(tag.dataset.kuraJs);
  await init({ module_or_path: tag.dataset.kuraWasm });
  boot?.remove();
} catch (error) {
  console.error("Kura failed to start", error);
  boot?.classList.add("boot-failed");
}

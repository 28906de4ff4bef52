// CommonJS face of the electron test double: the very instance the ESM side loaded.
module.exports = globalThis.__PSONO_TRAY_ELECTRON_DOUBLE__;

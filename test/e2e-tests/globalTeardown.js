module.exports = async () => {
  await globalThis.__SERVICE_NETWORK_STACK__?.stop();
};

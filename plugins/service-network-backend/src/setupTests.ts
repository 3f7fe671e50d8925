// Integration tests start a simulated fleet and a test backend and wait for watches to sync;
// on a busy 2-core CI machine that can take longer than jest's default 5 s.
jest.setTimeout(60_000);

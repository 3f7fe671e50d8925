// Tests start simulated API servers, controllers and real clients and wait for watches to sync;
// on a busy 2-core CI machine that can take longer than jest's default 5 s.
jest.setTimeout(60_000);

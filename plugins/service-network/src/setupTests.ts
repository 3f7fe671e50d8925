import '@testing-library/jest-dom';

// The entity tab renders several large MUI tables in jsdom; on a busy 2-core CI machine that alone can take seconds.
jest.setTimeout(30_000);

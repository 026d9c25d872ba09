// ava 7 on Node 20: TypeScript through tsx, no worker threads (see ../shared/toolchain.md).
export default {
  files: ['test/**/*.test.ts'],
  extensions: { ts: 'module' },
  nodeArguments: ['--import=tsx'],
  workerThreads: false,
  timeout: '120s',
};

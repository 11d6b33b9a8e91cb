// Preloaded into servers the durability tests spawn: when the test process goes away (however
// it ends, even killed), the pipe to our stdin closes and this server exits too, so no server
// outlives its test run. unref: the pipe alone does not keep a stopping server alive.
process.stdin.on('end', () => process.exit(70));
process.stdin.on('error', () => process.exit(70));
process.stdin.resume();
process.stdin.unref();

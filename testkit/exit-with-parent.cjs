// Preloaded into the dynalite process by org.leakcheck.testkit.Dynalite (node --require).
// The JVM holds our stdin open as a pipe; when the JVM dies, even by SIGKILL, the pipe closes
// and we exit too, so a crashed test run never leaves an orphan dynalite holding a port.
'use strict'
process.stdin.on('end', () => process.exit(0))
process.stdin.on('error', () => process.exit(0))
process.stdin.resume()

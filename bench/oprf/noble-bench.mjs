// Times @noble/curves p256_oprf.oprf.blindEvaluate (RFC 9497 P256-SHA256, mode 0) for
// bench/oprf.sh, with the same method as the Java harness (OprfBench): a pool of synthetic
// inputs, a timed warm-up, rounds of many operations, median of the per-round means.
// Output: one line per round, then "noble: blind_evaluate_us=N".
// Arguments (optional): warm-up seconds, rounds, operations per round.
import { p256_oprf } from '@noble/curves/nist.js';

const warmupSeconds = Number(process.argv[2] ?? 8);
const rounds = Number(process.argv[3] ?? 9);
const perRound = Number(process.argv[4] ?? 200);

const POOL_SIZE = 256;
const hex = (bytes) => Buffer.from(bytes).toString('hex');
const unhex = (text) => Uint8Array.from(Buffer.from(text, 'hex'));
const { oprf } = p256_oprf;

// RFC 9497 Appendix A.3, mode 0, vector 1: check before timing that we time a correct computation.
const keys = oprf.deriveKeyPair(
  unhex('a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3'),
  unhex('74657374206b6579'),
);
const rfcEvaluated = oprf.blindEvaluate(
  keys.secretKey,
  unhex('03723a1e5c09b8b9c18d1dcbca29e8007e95f14f4732d9346d490ffc195110368d'),
);
if (hex(rfcEvaluated) !== '030de02ffec47a1fd53efcdd1c6faf5bdc270912b8749e783c7ca75bb412958832') {
  throw new Error('noble blindEvaluate does not reproduce RFC 9497 A.3 vector 1');
}

// Synthetic canonical NIR encodings: tag 0x01, u16 length 15, 15 random ASCII digits.
const blinded = [];
for (let i = 0; i < POOL_SIZE; i++) {
  const input = new Uint8Array(18);
  input[0] = 0x01;
  input[2] = 15;
  for (let d = 0; d < 15; d++) input[3 + d] = 0x30 + Math.floor(Math.random() * 10);
  blinded.push(oprf.blind(input).blinded);
}

let checksum = 0;
// Returns [wall µs per op, process CPU µs per op]; CPU time shows the cost of the code even when
// other work shares the machine.
function timeRound(count, offset) {
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    const evaluated = oprf.blindEvaluate(keys.secretKey, blinded[(offset + i) % POOL_SIZE]);
    checksum += evaluated[evaluated.length - 1];
  }
  const wall = Number(process.hrtime.bigint() - start) / 1e3 / count;
  const cpu = process.cpuUsage(cpuStart);
  return [wall, (cpu.user + cpu.system) / count];
}

const warmupEnd = Date.now() + warmupSeconds * 1000;
let warmupOps = 0;
while (Date.now() < warmupEnd) {
  timeRound(20, warmupOps);
  warmupOps += 20;
}
console.log(`noble: warm-up ${warmupSeconds.toFixed(1)} s (${warmupOps} operations), node ${process.version}`);

const means = [];
for (let r = 0; r < rounds; r++) {
  const [mean, cpu] = timeRound(perRound, r * perRound);
  means.push(mean);
  console.log(`noble: round ${r + 1}/${rounds}  blindEvaluate ${mean.toFixed(1)} us (cpu ${cpu.toFixed(1)})`);
}
means.sort((a, b) => a - b);
const middle = Math.floor(means.length / 2);
const median = means.length % 2 === 1 ? means[middle] : (means[middle - 1] + means[middle]) / 2;
console.log(`noble: checksum ${checksum} (${perRound} operations per round, median of ${rounds} rounds)`);
console.log(`noble: blind_evaluate_us=${median.toFixed(1)}`);

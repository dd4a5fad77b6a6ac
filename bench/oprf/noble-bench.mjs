// Times @noble/curves for bench/oprf.sh, with the same method as the Java harness (OprfBench): a
// pool of synthetic inputs, a timed warm-up, rounds of many operations, median of the per-round
// means. Two figures:
//   evaluate_us:     one BlindEvaluate (deserialize, multiply by the key, serialize), the same
//                    computation in modes 0 and 1; comparable with the Java evaluate_us;
//   client_check_ms: the browser-side crypto of one submission of the page (docs/protocol.md
//                    §7.1): blind Q inputs, verify the batch's DLEQ proof, finalize Q outputs
//                    (voprf.finalizeBatch does both). The server's answers are made beforehand,
//                    outside the timed region.
// Output: one line per round, then "noble: q=Q evaluate_us=N client_check_ms=N".
// Arguments (optional): warm-up seconds, rounds, operations per round, Q.
import { p256_oprf } from '@noble/curves/nist.js';

const warmupSeconds = Number(process.argv[2] ?? 8);
const rounds = Number(process.argv[3] ?? 9);
const perRound = Number(process.argv[4] ?? 200);
const q = Number(process.argv[5] ?? 2);

const POOL_SIZE = 256;
const hex = (bytes) => Buffer.from(bytes).toString('hex');
const unhex = (text) => Uint8Array.from(Buffer.from(text, 'hex'));
const { oprf, voprf } = p256_oprf;

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
const inputs = [];
const blinded = [];
for (let i = 0; i < POOL_SIZE; i++) {
  const input = new Uint8Array(18);
  input[0] = 0x01;
  input[2] = 15;
  for (let d = 0; d < 15; d++) input[3 + d] = 0x30 + Math.floor(Math.random() * 10);
  inputs.push(input);
  blinded.push(oprf.blind(input).blinded);
}

// The server's answers for the client's submissions, computed once: a submission's blinds are
// fixed per pool slot, so that the timed client work (blind, verify, finalize) is the real one.
const vkeys = voprf.deriveKeyPair(unhex('a3'.repeat(32)), unhex('74657374206b6579'));
const submissions = [];
for (let s = 0; s < POOL_SIZE / q; s++) {
  const items = [];
  for (let j = 0; j < q; j++) {
    const input = inputs[s * q + j];
    const randomness = crypto.getRandomValues(new Uint8Array(48));
    const { blind, blinded: element } = voprf.blind(input, () => randomness);
    items.push({ input, randomness, blind, blinded: element });
  }
  const answer = voprf.blindEvaluateBatch(vkeys.secretKey, vkeys.publicKey, items.map((i) => i.blinded));
  submissions.push({ items, evaluated: answer.evaluated, proof: answer.proof });
}
// One submission of the page: blind Q inputs (with the randomness the answers were made for:
// noble's blind takes an rng), verify the proof and finalize.
function clientCheck(s) {
  const submission = submissions[s % submissions.length];
  const items = submission.items.map((item, j) => {
    const { blind, blinded: element } = voprf.blind(item.input, () => item.randomness);
    return { input: item.input, blind, blinded: element, evaluated: submission.evaluated[j] };
  });
  return voprf.finalizeBatch(items, vkeys.publicKey, submission.proof)[0];
}

let checksum = 0;
// Returns [wall µs per op, process CPU µs per op]; CPU time shows the cost of the code even when
// other work shares the machine.
const evaluate = (i) => oprf.blindEvaluate(keys.secretKey, blinded[i % POOL_SIZE]);
function timeRound(count, offset, operation = evaluate) {
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    const result = operation(offset + i);
    checksum += result[result.length - 1];
  }
  const wall = Number(process.hrtime.bigint() - start) / 1e3 / count;
  const cpu = process.cpuUsage(cpuStart);
  return [wall, (cpu.user + cpu.system) / count];
}

const warmupEnd = Date.now() + warmupSeconds * 1000;
let warmupOps = 0;
while (Date.now() < warmupEnd) {
  timeRound(20, warmupOps);
  timeRound(4, warmupOps, clientCheck);
  warmupOps += 20;
}
console.log(`noble: warm-up ${warmupSeconds.toFixed(1)} s (${warmupOps} operations), node ${process.version}`);

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const evaluateMeans = [];
const checkMeans = [];
const checksPerRound = Math.max(1, Math.floor(perRound / (3 * q + 4)));
for (let r = 0; r < rounds; r++) {
  const [mean, cpu] = timeRound(perRound, r * perRound);
  const [check, checkCpu] = timeRound(checksPerRound, r * checksPerRound, clientCheck);
  evaluateMeans.push(mean);
  checkMeans.push(check);
  console.log(`noble: round ${r + 1}/${rounds}  blindEvaluate ${mean.toFixed(1)} us (cpu ${cpu.toFixed(1)})`
    + `  client check of ${q} ${(check / 1e3).toFixed(2)} ms (cpu ${(checkCpu / 1e3).toFixed(2)})`);
}
console.log(`noble: checksum ${checksum} (${perRound} evaluations and ${checksPerRound} checks per round, median of ${rounds} rounds)`);
console.log(`noble: q=${q} evaluate_us=${median(evaluateMeans).toFixed(1)} client_check_ms=${(median(checkMeans) / 1e3).toFixed(3)}`);

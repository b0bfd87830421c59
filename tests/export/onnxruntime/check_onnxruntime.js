// Runs nnplay's ONNX exports in ONNX Runtime (npm's onnxruntime-node, CPU).
//
// Usage: node check_onnxruntime.js MODULES_DIR JOBS.json
//
// MODULES_DIR is the folder npm installed into (MODULES_DIR/node_modules/
// onnxruntime-node). JOBS.json is a list of {"name", "model", "input",
// "output"}: for each job the model (.onnx) is loaded, the float matrix in
// "input" ({"rows", "cols", "data": [row-major values]}) is fed to its input
// "input" as float32 [rows, cols], and its output "output" is written to
// "output" as {"dims", "data"} (float32 values, exact in JSON). The
// comparison with nnplay-cli predict is check_onnxruntime.py's.
// Exit status: 0 when every job ran, 1 otherwise.
'use strict';

const fs = require('fs');
const path = require('path');

async function runJob(ort, job) {
  const session = await ort.InferenceSession.create(job.model, {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
  });
  const inputs = JSON.stringify(session.inputNames);
  const outputs = JSON.stringify(session.outputNames);
  if (inputs !== '["input"]' || outputs !== '["output"]') {
    throw new Error(`${job.model}: inputs ${inputs}, outputs ${outputs}; expected input, output`);
  }
  const x = JSON.parse(fs.readFileSync(job.input, 'utf8'));
  if (x.data.length !== x.rows * x.cols) {
    throw new Error(`${job.input}: ${x.data.length} values for ${x.rows} x ${x.cols}`);
  }
  const input = new ort.Tensor('float32', Float32Array.from(x.data), [x.rows, x.cols]);
  const y = (await session.run({ input })).output;
  if (y.type !== 'float32' || y.dims.length !== 2 || y.dims[0] !== x.rows) {
    throw new Error(`${job.model}: output ${y.type} ${JSON.stringify(y.dims)} for ${x.rows} rows`);
  }
  fs.writeFileSync(job.output, JSON.stringify({ dims: y.dims, data: Array.from(y.data) }));
  console.log(`check_onnxruntime.js: ${job.name}: ${x.rows} x ${x.cols} -> ${y.dims.join(' x ')}`);
}

async function main(argv) {
  if (argv.length !== 2) {
    console.error('usage: node check_onnxruntime.js MODULES_DIR JOBS.json');
    return 1;
  }
  const ort = require(path.resolve(argv[0], 'node_modules', 'onnxruntime-node'));
  console.log(`check_onnxruntime.js: onnxruntime-node ${ort.env.versions.node}`);
  for (const job of JSON.parse(fs.readFileSync(argv[1], 'utf8'))) {
    await runJob(ort, job);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    console.error(`check_onnxruntime.js: FAIL: ${e.message || e}`);
    process.exit(1);
  },
);

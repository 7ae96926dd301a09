/**
 * A small feed-forward network in TensorFlow.js (dense 64 → 32, ReLU, dropout, sigmoid output)
 * trained with Adam on log-loss, early-stopped on a validation split with the best weights
 * restored. Backend: tfjs-node when it is installed (native), else the WebAssembly backend that
 * ships inside @tensorflow/tfjs-backend-wasm (asserted: a silent fallback to the slow cpu backend
 * would go unnoticed). Weights travel in the artifact as base64 float32, so a loaded model
 * predicts exactly what the trained one did. Seeded initializers and a seeded batch order.
 */
import * as tf from "@tensorflow/tfjs";
import { seededRandom } from "../stats/random";

let backend: Promise<string> | undefined;

/** Picks the fastest available backend once: tfjs-node, else wasm (cpu only if wasm cannot start). */
export function ensureBackend(): Promise<string> {
  backend ??= (async () => {
    try {
      // Optional native backend, where its libtensorflow download works; absent here.
      const nodeBackend = "@tensorflow/tfjs-node";
      await import(/* webpackIgnore: true */ nodeBackend);
      if (await tf.setBackend("tensorflow")) return tf.getBackend();
    } catch {
      // not installed
    }
    await import("@tensorflow/tfjs-backend-wasm");
    if ((await tf.setBackend("wasm")) && tf.getBackend() === "wasm") return "wasm";
    console.warn("[predict] the wasm backend did not start; training on the cpu backend");
    await tf.setBackend("cpu");
    return tf.getBackend();
  })();
  return backend;
}

export interface MlpWeights {
  layers: number[];
  /** Each weight tensor: shape and base64 float32 values. */
  tensors: Array<{ shape: number[]; data: string }>;
  epochs: number;
}

function build(inputs: number, layers: number[], seed: number): tf.Sequential {
  const model = tf.sequential();
  layers.forEach((units, i) => {
    model.add(tf.layers.dense({ units, activation: "relu", inputShape: i === 0 ? [inputs] : undefined, kernelInitializer: tf.initializers.heNormal({ seed: seed + i }), kernelRegularizer: tf.regularizers.l2({ l2: 1e-4 }) }));
    model.add(tf.layers.dropout({ rate: 0.1, seed: seed + 100 + i }));
  });
  model.add(tf.layers.dense({ units: 1, activation: "sigmoid", kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 50 }) }));
  return model;
}

function toBase64(values: Float32Array): string {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

function fromBase64(data: string): Float32Array {
  const text = atob(data);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return new Float32Array(bytes.buffer);
}

function matrix(data: Float32Array, rows: number, cols: number, index: ArrayLike<number>): tf.Tensor2D {
  const out = new Float32Array(index.length * cols);
  for (let k = 0; k < index.length; k++) out.set(data.subarray(index[k]! * cols, index[k]! * cols + cols), k * cols);
  return tf.tensor2d(out, [index.length, cols]);
}

export async function trainMlp(
  data: Float32Array,
  cols: number,
  labels: ArrayLike<number>,
  trainRows: Uint32Array,
  validRows: Uint32Array,
  options: { seed: number; maxEpochs?: number; patience?: number; batchSize?: number; onEpoch?: (epoch: number, max: number) => void },
): Promise<MlpWeights> {
  await ensureBackend();
  const layers = [64, 32];
  const maxEpochs = options.maxEpochs ?? 200;
  const patience = options.patience ?? 8;
  const batchSize = options.batchSize ?? 256;
  const random = seededRandom(options.seed);
  const model = build(cols, layers, options.seed);
  model.compile({ optimizer: tf.train.adam(1e-3), loss: "binaryCrossentropy" });
  const xValid = matrix(data, 0, cols, validRows);
  const yValid = tf.tensor2d(Float32Array.from(validRows, (i) => labels[i]!), [validRows.length, 1]);
  let best = Infinity;
  let bestWeights: tf.Tensor[] | null = null;
  let bestEpoch = 0;
  const order = Array.from(trainRows);
  try {
    for (let epoch = 0; epoch < maxEpochs; epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random.next() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      const x = matrix(data, 0, cols, order);
      const y = tf.tensor2d(Float32Array.from(order, (i) => labels[i]!), [order.length, 1]);
      await model.fit(x, y, { batchSize, epochs: 1, shuffle: false, verbose: 0 });
      x.dispose();
      y.dispose();
      const loss = validRows.length ? tf.tidy(() => (model.evaluate(xValid, yValid, { batchSize: 4096 }) as tf.Scalar).dataSync()[0]!) : 0;
      options.onEpoch?.(epoch + 1, maxEpochs);
      if (loss < best - 1e-6) {
        best = loss;
        bestEpoch = epoch + 1;
        bestWeights?.forEach((w) => w.dispose());
        bestWeights = model.getWeights().map((w) => w.clone());
      } else if (epoch + 1 - bestEpoch >= patience) break;
    }
    if (bestWeights) model.setWeights(bestWeights);
    const tensors = model.getWeights().map((w) => ({ shape: w.shape, data: toBase64(w.dataSync() as Float32Array) }));
    return { layers, tensors, epochs: bestEpoch };
  } finally {
    bestWeights?.forEach((w) => w.dispose());
    xValid.dispose();
    yValid.dispose();
    model.dispose();
  }
}

export interface LoadedMlp {
  predict(data: Float32Array, rows: number): Float64Array;
  dispose(): void;
}

export async function loadMlp(weights: MlpWeights, cols: number): Promise<LoadedMlp> {
  await ensureBackend();
  const model = build(cols, weights.layers, 0);
  const tensors = weights.tensors.map((t) => tf.tensor(fromBase64(t.data), t.shape));
  model.setWeights(tensors);
  tensors.forEach((t) => t.dispose());
  return {
    predict(data, rows) {
      if (rows === 0) return new Float64Array(0);
      return Float64Array.from(tf.tidy(() => (model.predict(tf.tensor2d(data, [rows, cols])) as tf.Tensor).dataSync()));
    },
    dispose: () => model.dispose(),
  };
}

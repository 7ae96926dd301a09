/**
 * Histogram gradient boosting for binary log-loss, in the style of LightGBM and scikit-learn's
 * HistGradientBoostingClassifier: features pre-binned (≤ 255 quantile bins; categoricals one bin
 * per level, split by sorting levels on their gradient ratio), trees grown leaf-wise (best gain
 * first) up to `maxLeaves`, Newton leaf values with L2 regularization, a learned direction for
 * missing values, the histogram-subtraction trick (only the smaller child is scanned), shrinkage,
 * and early stopping on a validation split keeping the best iteration. Deterministic.
 * Contributions per feature are Saabas path attributions in log-odds: bias + Σ = the logit.
 */
export interface GbdtOptions {
  learningRate: number;
  maxRounds: number;
  maxLeaves: number;
  maxDepth: number;
  minSamplesLeaf: number;
  minHessianLeaf: number;
  lambda: number;
  /** Rounds without a better validation loss before stopping. */
  patience: number;
}

export const DEFAULT_GBDT_OPTIONS: GbdtOptions = { learningRate: 0.1, maxRounds: 500, maxLeaves: 31, maxDepth: 8, minSamplesLeaf: 20, minHessianLeaf: 1e-3, lambda: 1, patience: 20 };

/** One tree as parallel arrays (JSON-serializable): feature −1 marks a leaf. */
export interface GbdtTree {
  feature: number[];
  /** Numeric: left when 1 ≤ bin ≤ threshold. */
  threshold: number[];
  /** Categorical: the bins that go left (null for numeric splits). */
  categories: Array<number[] | null>;
  missingLeft: boolean[];
  left: number[];
  right: number[];
  /** Shrunk Newton value of the node's rows (leaves: the output). */
  value: number[];
}

export interface GbdtModel {
  base: number;
  trees: GbdtTree[];
  rounds: number;
}

interface Split {
  gain: number;
  feature: number;
  threshold: number;
  categories: number[] | null;
  missingLeft: boolean;
}

interface Leaf {
  node: number;
  rows: Uint32Array;
  hist: Float64Array[];
  g: number;
  h: number;
  depth: number;
  split: Split | null;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

function histogram(bins: Uint8Array[], nBins: number[], rows: Uint32Array, g: Float64Array, h: Float64Array): Float64Array[] {
  return bins.map((col, j) => {
    const hist = new Float64Array(nBins[j]! * 3);
    for (let k = 0; k < rows.length; k++) {
      const i = rows[k]!;
      const b = col[i]! * 3;
      hist[b] += g[i]!;
      hist[b + 1] += h[i]!;
      hist[b + 2] += 1;
    }
    return hist;
  });
}

function bestSplit(hist: Float64Array[], nBins: number[], categorical: boolean[], G: number, H: number, C: number, o: GbdtOptions): Split | null {
  const score = (g: number, h: number) => (g * g) / (h + o.lambda);
  const parent = score(G, H);
  let best: Split | null = null;
  const consider = (gl: number, hl: number, cl: number, feature: number, threshold: number, categories: number[] | null, missingLeft: boolean) => {
    const cr = C - cl;
    const hr = H - hl;
    if (cl < o.minSamplesLeaf || cr < o.minSamplesLeaf || hl < o.minHessianLeaf || hr < o.minHessianLeaf) return;
    const gain = score(gl, hl) + score(G - gl, hr) - parent;
    if (gain > 1e-12 && (!best || gain > best.gain)) best = { gain, feature, threshold, categories, missingLeft };
  };
  for (let j = 0; j < hist.length; j++) {
    const hj = hist[j]!;
    const gm = hj[0]!;
    const hm = hj[1]!;
    const cm = hj[2]!;
    if (!categorical[j]) {
      let gl = 0;
      let hl = 0;
      let cl = 0;
      for (let b = 1; b < nBins[j]! - 1; b++) {
        gl += hj[b * 3]!;
        hl += hj[b * 3 + 1]!;
        cl += hj[b * 3 + 2]!;
        if (hj[b * 3 + 2] === 0) continue;
        consider(gl, hl, cl, j, b, null, false);
        if (cm > 0) consider(gl + gm, hl + hm, cl + cm, j, b, null, true);
      }
    } else {
      const present: number[] = [];
      for (let b = 1; b < nBins[j]!; b++) if (hj[b * 3 + 2]! > 0) present.push(b);
      present.sort((a, b) => hj[a * 3]! / (hj[a * 3 + 1]! + o.lambda) - hj[b * 3]! / (hj[b * 3 + 1]! + o.lambda) || a - b);
      let gl = 0;
      let hl = 0;
      let cl = 0;
      for (let k = 0; k < present.length - 1; k++) {
        const b = present[k]!;
        gl += hj[b * 3]!;
        hl += hj[b * 3 + 1]!;
        cl += hj[b * 3 + 2]!;
        const left = present.slice(0, k + 1);
        consider(gl, hl, cl, j, 0, left, false);
        if (cm > 0) consider(gl + gm, hl + hm, cl + cm, j, 0, left, true);
      }
    }
  }
  return best;
}

function goesLeft(tree: GbdtTree, node: number, bin: number): boolean {
  if (bin === 0) return tree.missingLeft[node]!;
  const categories = tree.categories[node];
  return categories ? categories.includes(bin) : bin <= tree.threshold[node]!;
}

export function treeLeaf(tree: GbdtTree, bins: Uint8Array[], row: number): number {
  let node = 0;
  while (tree.feature[node]! >= 0) node = goesLeft(tree, node, bins[tree.feature[node]!]![row]!) ? tree.left[node]! : tree.right[node]!;
  return node;
}

function growTree(bins: Uint8Array[], nBins: number[], categorical: boolean[], rows: Uint32Array, g: Float64Array, h: Float64Array, o: GbdtOptions): GbdtTree {
  const tree: GbdtTree = { feature: [], threshold: [], categories: [], missingLeft: [], left: [], right: [], value: [] };
  const addNode = (G: number, H: number) => {
    tree.feature.push(-1);
    tree.threshold.push(0);
    tree.categories.push(null);
    tree.missingLeft.push(false);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.value.push((-G / (H + o.lambda)) * o.learningRate);
    return tree.feature.length - 1;
  };
  const sums = (hist: Float64Array) => {
    let G = 0;
    let H = 0;
    let C = 0;
    for (let b = 0; b < hist.length; b += 3) {
      G += hist[b]!;
      H += hist[b + 1]!;
      C += hist[b + 2]!;
    }
    return { G, H, C };
  };
  const rootHist = histogram(bins, nBins, rows, g, h);
  const root = sums(rootHist[0]!);
  const leaves: Leaf[] = [{ node: addNode(root.G, root.H), rows, hist: rootHist, g: root.G, h: root.H, depth: 0, split: null }];
  leaves[0]!.split = bestSplit(rootHist, nBins, categorical, root.G, root.H, rows.length, o);
  let count = 1;
  while (count < o.maxLeaves) {
    let pick = -1;
    for (let k = 0; k < leaves.length; k++) {
      const leaf = leaves[k]!;
      if (leaf.split && leaf.depth < o.maxDepth && (pick < 0 || leaf.split.gain > leaves[pick]!.split!.gain)) pick = k;
    }
    if (pick < 0) break;
    const leaf = leaves[pick]!;
    const split = leaf.split!;
    const node = leaf.node;
    tree.feature[node] = split.feature;
    tree.threshold[node] = split.threshold;
    tree.categories[node] = split.categories;
    tree.missingLeft[node] = split.missingLeft;
    const col = bins[split.feature]!;
    const leftRows: number[] = [];
    const rightRows: number[] = [];
    for (let k = 0; k < leaf.rows.length; k++) {
      const i = leaf.rows[k]!;
      (goesLeft(tree, node, col[i]!) ? leftRows : rightRows).push(i);
    }
    const l = Uint32Array.from(leftRows);
    const r = Uint32Array.from(rightRows);
    // Scan the smaller child; the larger is the parent minus it.
    const smallIsLeft = l.length <= r.length;
    const smallHist = histogram(bins, nBins, smallIsLeft ? l : r, g, h);
    const largeHist = leaf.hist.map((parent, j) => {
      const out = new Float64Array(parent.length);
      const small = smallHist[j]!;
      for (let b = 0; b < parent.length; b++) out[b] = parent[b]! - small[b]!;
      return out;
    });
    const [lh, rh] = smallIsLeft ? [smallHist, largeHist] : [largeHist, smallHist];
    const ls = sums(lh[0]!);
    const rs = sums(rh[0]!);
    const ln = addNode(ls.G, ls.H);
    const rn = addNode(rs.G, rs.H);
    tree.left[node] = ln;
    tree.right[node] = rn;
    const children: Leaf[] = [
      { node: ln, rows: l, hist: lh, g: ls.G, h: ls.H, depth: leaf.depth + 1, split: null },
      { node: rn, rows: r, hist: rh, g: rs.G, h: rs.H, depth: leaf.depth + 1, split: null },
    ];
    for (const child of children) child.split = child.depth < o.maxDepth ? bestSplit(child.hist, nBins, categorical, child.g, child.h, child.rows.length, o) : null;
    leaves.splice(pick, 1, ...children);
    count++;
  }
  return tree;
}

function logLossAt(labels: Float64Array, scores: Float64Array, rows: Uint32Array): number {
  let sum = 0;
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k]!;
    const p = Math.min(1 - 1e-15, Math.max(1e-15, sigmoid(scores[i]!)));
    sum -= labels[i] ? Math.log(p) : Math.log(1 - p);
  }
  return rows.length ? sum / rows.length : 0;
}

export function trainGbdt(
  bins: Uint8Array[],
  nBins: number[],
  categorical: boolean[],
  labels: Float64Array,
  trainRows: Uint32Array,
  validRows: Uint32Array,
  options: Partial<GbdtOptions> = {},
  onRound?: (round: number, max: number) => void,
): GbdtModel {
  const o = { ...DEFAULT_GBDT_OPTIONS, ...options };
  let positives = 0;
  for (const i of trainRows) positives += labels[i]!;
  const rate = Math.min(1 - 1e-6, Math.max(1e-6, positives / Math.max(1, trainRows.length)));
  const base = Math.log(rate / (1 - rate));
  const n = labels.length;
  const scores = new Float64Array(n).fill(base);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const trees: GbdtTree[] = [];
  let bestLoss = validRows.length ? logLossAt(labels, scores, validRows) : Infinity;
  let bestRounds = 0;
  for (let round = 0; round < o.maxRounds; round++) {
    for (const i of trainRows) {
      const p = sigmoid(scores[i]!);
      g[i] = p - labels[i]!;
      h[i] = Math.max(p * (1 - p), 1e-16);
    }
    const tree = growTree(bins, nBins, categorical, trainRows, g, h, o);
    trees.push(tree);
    for (const set of [trainRows, validRows]) for (const i of set) scores[i] += tree.value[treeLeaf(tree, bins, i)]!;
    onRound?.(round + 1, o.maxRounds);
    if (!validRows.length) {
      bestRounds = round + 1;
      continue;
    }
    const loss = logLossAt(labels, scores, validRows);
    if (loss < bestLoss - 1e-12) {
      bestLoss = loss;
      bestRounds = round + 1;
    } else if (round + 1 - bestRounds >= o.patience) break;
  }
  return { base, trees: trees.slice(0, bestRounds), rounds: bestRounds };
}

export function gbdtLogits(model: GbdtModel, bins: Uint8Array[], rows: number): Float64Array {
  const out = new Float64Array(rows).fill(model.base);
  for (const tree of model.trees) for (let i = 0; i < rows; i++) out[i] += tree.value[treeLeaf(tree, bins, i)]!;
  return out;
}

/** Saabas attributions of row `row`: bias (base + roots) and per-feature sums; bias + Σ = logit. */
export function gbdtContributions(model: GbdtModel, bins: Uint8Array[], row: number, features: number): { bias: number; contributions: Float64Array } {
  const contributions = new Float64Array(features);
  let bias = model.base;
  for (const tree of model.trees) {
    let node = 0;
    bias += tree.value[0]!;
    while (tree.feature[node]! >= 0) {
      const next = goesLeft(tree, node, bins[tree.feature[node]!]![row]!) ? tree.left[node]! : tree.right[node]!;
      contributions[tree.feature[node]!] += tree.value[next]! - tree.value[node]!;
      node = next;
    }
  }
  return { bias, contributions };
}

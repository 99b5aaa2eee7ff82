import type { Csr } from './csr.js';

/**
 * Strongly connected components by Tarjan's algorithm, iterative so that a
 * million-transaction chain cannot overflow the call stack. Only edges whose kind bits
 * meet `kindMask` count. Returns the components that can hold a cycle among "real" nodes
 * (ids below `realCount`; higher ids are helper nodes such as the real-time chain), each
 * as its real members in ascending order.
 */
export function cyclicComponents(csr: Csr, kindMask = 0xff, realCount = csr.nodeCount): Int32Array[] {
  const { nodeCount: n, offsets, targets, kinds } = csr;
  const order = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  const callNode = new Int32Array(n);
  const callEdge = new Int32Array(n);
  const out: Int32Array[] = [];
  let sp = 0;
  let counter = 0;

  for (let root = 0; root < n; root++) {
    if (order[root] !== -1) continue;
    let csp = 0;
    order[root] = low[root] = counter++;
    stack[sp++] = root;
    onStack[root] = 1;
    callNode[csp] = root;
    callEdge[csp] = offsets[root];
    csp++;
    while (csp > 0) {
      const v = callNode[csp - 1];
      const e = callEdge[csp - 1];
      if (e < offsets[v + 1]) {
        callEdge[csp - 1] = e + 1;
        if ((kinds[e] & kindMask) === 0) continue;
        const w = targets[e];
        if (order[w] === -1) {
          order[w] = low[w] = counter++;
          stack[sp++] = w;
          onStack[w] = 1;
          callNode[csp] = w;
          callEdge[csp] = offsets[w];
          csp++;
        } else if (onStack[w] === 1 && order[w] < low[v]) {
          low[v] = order[w];
        }
        continue;
      }
      csp--;
      if (csp > 0) {
        const parent = callNode[csp - 1];
        if (low[v] < low[parent]) low[parent] = low[v];
      }
      if (low[v] !== order[v]) continue;
      let realMembers = 0;
      let top = sp;
      do {
        const w = stack[--top];
        if (w < realCount) realMembers++;
      } while (stack[top] !== v);
      if (realMembers >= 2) {
        const members = new Int32Array(realMembers);
        let j = 0;
        for (let i = top; i < sp; i++) if (stack[i] < realCount) members[j++] = stack[i];
        members.sort();
        out.push(members);
      }
      for (let i = top; i < sp; i++) onStack[stack[i]] = 0;
      sp = top;
    }
  }
  return out;
}

/**
 * Whether the graph has any cycle through edges meeting `kindMask`, by Kahn's algorithm:
 * two arrays instead of Tarjan's six, and valid histories (the common case) stop here.
 */
export function hasCycle(csr: Csr, kindMask = 0xff, scratch?: Int32Array): boolean {
  const { nodeCount: n, offsets, targets, kinds } = csr;
  const reuse = scratch !== undefined && scratch.length >= 2 * n;
  const inDegree = reuse ? scratch.subarray(0, n).fill(0) : new Int32Array(n);
  for (let e = 0; e < targets.length; e++) if ((kinds[e] & kindMask) !== 0) inDegree[targets[e]]++;
  const queue = reuse ? scratch.subarray(n, 2 * n) : new Int32Array(n);
  let tail = 0;
  for (let v = 0; v < n; v++) if (inDegree[v] === 0) queue[tail++] = v;
  for (let head = 0; head < tail; head++) {
    const v = queue[head];
    for (let e = offsets[v]; e < offsets[v + 1]; e++) {
      if ((kinds[e] & kindMask) !== 0 && --inDegree[targets[e]] === 0) queue[tail++] = targets[e];
    }
  }
  return tail < n;
}

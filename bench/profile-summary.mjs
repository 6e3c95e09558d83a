// Where a process spent its CPU, from a V8 .cpuprofile (`node --cpu-prof`): self time grouped by what ran it (a
// package under node_modules, one of Facet's apps or libs, a part of Node's own internals, the garbage collector),
// and the functions that took most, as shares of the busy samples (idle left out). Used by bench/bffs.mjs with
// BENCH_CPU_PROF=1.

/** What a call frame belongs to, from its script URL. */
function placeOf(frame) {
  const url = frame.url ?? '';
  if (!url) {
    if (frame.functionName === '(garbage collector)') return 'garbage collector';
    if (frame.functionName === '(program)') return 'V8 and native code (program)';
    return `native ${frame.functionName || '(anonymous)'}`;
  }
  if (url.startsWith('node:')) return `node ${url.slice('node:'.length).split('/').slice(0, 2).join('/')}`;
  const module = /.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (module) return `npm ${module[1]}`;
  // A production build holds its libs under dist/apps/<app>/libs/…: the last apps/ or libs/ segment names the code.
  const own = /.*\/(apps|libs)\/([^/]+)\/src\//.exec(url);
  if (own) return `Facet ${own[1]}/${own[2]}`;
  return url;
}

const shareOf = (samples, busy) => Math.round((samples / busy) * 1000) / 10;

const isCode = (place) => place.startsWith('npm ') || place.startsWith('Facet ');

export function profileSummary(profile, top = 15) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  /** The nearest caller in a package or in Facet's code: who made Node (or V8) do the work. */
  const callerOf = (id) => {
    for (let at = parentOf.get(id); at !== undefined; at = parentOf.get(at)) {
      const frame = byId.get(at).callFrame;
      const place = placeOf(frame);
      if (isCode(place)) return `${frame.functionName || '(anonymous)'} (${place})`;
    }
    return undefined;
  };
  const places = new Map();
  const functions = new Map();
  let busy = 0;
  // Samples are counted, each one tick of the sampling clock, not weighted by their time deltas: after the process
  // sat idle unsampled (a BFF waiting while the others are measured), the next sample's delta holds the whole gap.
  for (const id of profile.samples) {
    const node = byId.get(id);
    if (!node || node.callFrame.functionName === '(idle)') continue;
    busy += 1;
    const where = placeOf(node.callFrame);
    places.set(where, (places.get(where) ?? 0) + 1);
    const caller = isCode(where) ? undefined : callerOf(id);
    const name = `${node.callFrame.functionName || '(anonymous)'} — ${where}${caller ? ` ← ${caller}` : ''}`;
    functions.set(name, (functions.get(name) ?? 0) + 1);
  }
  const ranked = (map) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([where, samples]) => ({ where, share: shareOf(samples, busy) }));
  return { places: ranked(places), functions: ranked(functions) };
}

// The bench's chart (bench/results/latest.svg): CPU per request of each BFF route over the floor's, per scenario, with
// each route's target as a line. Written by bench/bffs.mjs from the same numbers as the tables.

const COLOURS = ['#4052d6', '#8e9bf0', '#d68b40'];
const escape = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function chartSvg(report) {
  const scenarios = Object.entries(report.scenarios);
  const routes = [...new Set(scenarios.flatMap(([, s]) => s.comparisons.map((c) => c.name)))];
  const value = (scenario, route) => scenario.comparisons.find((c) => c.name === route)?.cpuRatio;
  const max = Math.max(3.5, ...scenarios.flatMap(([, s]) => s.comparisons.map((c) => c.cpuRatio)).filter(Number.isFinite)) * 1.1;
  const width = 980;
  const height = 420;
  const left = 50;
  const bottom = 320;
  const top = 40;
  const plotWidth = width - left - 20;
  const groupWidth = plotWidth / routes.length;
  const barWidth = (groupWidth * 0.7) / scenarios.length;
  const y = (ratio) => bottom - ((bottom - top) * ratio) / max;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${left}" y="22" font-size="15" font-weight="600">CPU per request, BFF / floor (${escape(report.environment.node)}, ${escape(report.date.slice(0, 10))})</text>`,
  ];
  for (let tick = 0; tick <= max; tick += 0.5) {
    parts.push(`<line x1="${left}" x2="${width - 20}" y1="${y(tick)}" y2="${y(tick)}" stroke="#eee"/>`);
    parts.push(`<text x="${left - 6}" y="${y(tick) + 4}" text-anchor="end" fill="#5a6270">${tick}×</text>`);
  }
  routes.forEach((route, g) => {
    const x0 = left + g * groupWidth + groupWidth * 0.15;
    const bare = route.endsWith('/health/live');
    const target = bare ? report.targets.bareCpuRatio : report.targets.cpuRatio;
    parts.push(
      `<line x1="${x0 - 4}" x2="${x0 + barWidth * scenarios.length + 4}" y1="${y(target)}" y2="${y(target)}" stroke="#b00020" stroke-width="2" stroke-dasharray="4 3"/>`,
    );
    scenarios.forEach(([, scenario], s) => {
      const ratio = value(scenario, route);
      if (!Number.isFinite(ratio)) return;
      const x = x0 + s * barWidth;
      parts.push(
        `<rect x="${x}" y="${y(ratio)}" width="${barWidth - 2}" height="${bottom - y(ratio)}" fill="${COLOURS[s % COLOURS.length]}"/>`,
      );
      parts.push(`<text x="${x + barWidth / 2 - 1}" y="${y(ratio) - 3}" text-anchor="middle" font-size="10">${ratio}</text>`);
    });
    const [app, ...rest] = route.split(' ');
    parts.push(`<text x="${x0 + (barWidth * scenarios.length) / 2}" y="${bottom + 16}" text-anchor="middle">${escape(app)}</text>`);
    parts.push(
      `<text x="${x0 + (barWidth * scenarios.length) / 2}" y="${bottom + 30}" text-anchor="middle" fill="#5a6270">${escape(rest.join(' '))}</text>`,
    );
  });
  scenarios.forEach(([, scenario], s) => {
    parts.push(`<rect x="${left + s * 290}" y="${height - 40}" width="12" height="12" fill="${COLOURS[s % COLOURS.length]}"/>`);
    parts.push(`<text x="${left + s * 290 + 18}" y="${height - 30}">${escape(scenario.label)}</text>`);
  });
  parts.push(
    `<line x1="${left}" x2="${left + 24}" y1="${height - 14}" y2="${height - 14}" stroke="#b00020" stroke-width="2" stroke-dasharray="4 3"/>`,
  );
  parts.push(`<text x="${left + 30}" y="${height - 10}">target (1.5× for a screen, 3× for a route with no backend call)</text>`);
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

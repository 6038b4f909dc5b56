// Preloaded into the measured `conduit build` (node --import): prints the process's peak resident
// set size when it exits, so the benchmark reports the build's own memory (Node has no rusage for
// children).
process.on('exit', () => {
  process.stderr.write(`\nconduit-bench-max-rss-kb=${process.resourceUsage().maxRSS}\n`);
});

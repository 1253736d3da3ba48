"""Chapter 3: Nederland en de Europese top — normalised gaps with intervals on both sides.

The Dutch side is pooled over the last three report years (ratio of sums), so one
noisy year does not decide the gap; the peers are the cited figures in
`data/raw/benchmark/peers.csv`. All money is in euros at the prices of the report
year (`peer_gaps.top_comparisons`): Dutch euros deflated with the Dutch HICP, peer
francs and pounds converted at their own year's ECB rate and then deflated the same
way; no PPP.

A comparison is one indicator with one denominator against one peer, each peer
counted once (the ETH Domain and ETH Zurich are two definitions of one peer, ETH).
Its peer side is a range over the peer's definitions, years and rounding, and the
verdict says "behind" or "ahead" only when the Dutch interval and that range do not
overlap.

One module per part: `result` (the comparisons, computed once), `tables` (the total and
spread tables and the gap chart), `types` (per institution type, caveats, what is missing),
`comparability` (the matrix of what can be compared and why not) and `sensitivity` (peer
choice and price basis). The notebook calls them through this package.
"""

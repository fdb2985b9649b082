"""The build's memory: what lets a build do only the work its changes need.

Takes: the model, the output items and the output folder's listing.
Gives: fingerprints of code and values (``fingerprint``), the article cache (``cache``), the outputs
manifest that decides which jobs to render again (``incremental``), and the whole-build short cut
when no input changed (``shortcut``). An incremental build produces exactly what a clean build does.
"""

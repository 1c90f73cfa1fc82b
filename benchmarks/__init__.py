"""minigrad's benchmarks: `python -m benchmarks [--quick] [--only e1,dense] [--repeats N] [--threads N]`.

Each benchmark is a module here with a `TITLE` and `run(settings) -> harness.Result`, registered
in `BENCHMARKS` in `__main__.py`. It times its candidates interleaved in one process (see
`harness.measure`) and the command prints one Markdown table per benchmark. Peers (tf.keras,
Keras 3, PyTorch) are used when importable and skipped with a one-line note when not, so the
command runs on a plain install (NumPy and matplotlib only). `--output FILE` also writes the tables
to a Markdown file; the README's Benchmarks section shows the latest ones and how they were run.
"""

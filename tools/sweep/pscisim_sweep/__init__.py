"""pscisim-sweep: design-space sweeps of pscisim on a local process pool or a Slurm
array job, with a result table (CSV, JSON), plots and an HTML page. docs/sweeps.md."""

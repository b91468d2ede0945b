#!/bin/sh
# One shard of a sweep per task of a Slurm job array.
#
#   sbatch --array=1-8 scenarios/examples/sweep-slurm.sh SCENARIO OUT_DIR [sweep options...]
#   sbatch --dependency=afterok:JOBID --wrap "sanctsim merge OUT_DIR OUT_DIR/shard-*"
#
# Array task I of N (SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_COUNT) runs
# `sanctsim sweep ... --shard I/N --out OUT_DIR/shard-I` on the task's CPUs.
# Slurm sends SIGTERM when the time limit is reached: the finished runs stay
# in OUT_DIR/shard-I/sweep.journal, and submitting the same array again
# resumes every shard where it stopped. OUT_DIR must be on a file system all
# nodes share. SANCTSIM names the program (default: sanctsim on the PATH).
# Array indices must run from 1 to N (--array=1-N).
#
#SBATCH --job-name=sanctsim-sweep
#SBATCH --cpus-per-task=4
#SBATCH --time=01:00:00
#SBATCH --output=sanctsim-sweep-%A_%a.log
set -eu

if [ $# -lt 2 ]; then
    echo "usage: sbatch --array=1-N $0 SCENARIO OUT_DIR [sweep options...]" >&2
    exit 2
fi
I=${SLURM_ARRAY_TASK_ID:?"not in a job array: submit with sbatch --array=1-N"}
N=${SLURM_ARRAY_TASK_COUNT:?"not in a job array: submit with sbatch --array=1-N"}
SANCTSIM=${SANCTSIM:-sanctsim}
command -v "$SANCTSIM" >/dev/null 2>&1 || {
    echo "$0: cannot find the program '$SANCTSIM': install it (make install), or name it with SANCTSIM=./sanctsim" >&2
    exit 2
}
SCENARIO=$1 OUT=$2
shift 2
mkdir -p "$OUT"
exec "$SANCTSIM" sweep "$SCENARIO" "$@" --shard "$I/$N" \
    --jobs "${SLURM_CPUS_PER_TASK:-1}" --out "$OUT/shard-$I"

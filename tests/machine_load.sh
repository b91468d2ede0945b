# Whether the machine was otherwise idle while figures were measured, for
# the bench scripts (sourced). A load average cannot say: the bench's own
# work raises it. Instead, from /proc/stat, the CPU time that every process
# took over the span, less what this script and the children it waited for
# took (/proc/$$/stat), in cores on average; and the steal time, the CPU
# that the host of a virtual machine gave to others. The kernel's own work
# for the bench that no process is charged with (interrupts, writing back
# its files) counts as others': a few hundredths of a core at most.
#
#   . tests/machine_load.sh
#   load_start
#   ...measure...
#   load_report        # one line, ending in "an otherwise idle" or "a busy"

# Ticks of all cores: busy (user, nice, system, irq, softirq), then steal.
load_cpu() { awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8, $9; exit }' /proc/stat; }
# Ticks of this shell and its waited-for children (utime stime cutime cstime).
load_own() { awk '{ print $14 + $15 + $16 + $17 }' "/proc/$$/stat"; }

load_start() {
    LOAD_T0=$(date +%s%N)
    LOAD_CPU0=$(load_cpu)
    LOAD_OWN0=$(load_own)
}

# Idle when other processes took under 0.05 of a core on average and the
# host stole under 5 % of the time.
load_report() {
    awk -v t0="$LOAD_T0" -v t1="$(date +%s%N)" -v c0="$LOAD_CPU0" -v c1="$(load_cpu)" \
        -v o0="$LOAD_OWN0" -v o1="$(load_own)" -v hz="$(getconf CLK_TCK)" \
        -v cores="$(getconf _NPROCESSORS_ONLN)" 'BEGIN {
        split(c0, a, " "); split(c1, b, " ")
        wall = (t1 - t0) / 1e9
        others = ((b[1] - a[1]) - (o1 - o0)) / hz / wall
        if (others < 0) others = 0
        steal = 100 * (b[2] - a[2]) / hz / wall / cores
        printf "other processes took %.2f cores on average over %.0f s (steal %.1f %% of %d cores): ", others, wall, steal, cores
        printf "figures measured on %s machine\n", others < 0.05 && steal < 5 ? "an otherwise idle" : "a busy"
    }'
}

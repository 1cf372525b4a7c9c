/// Name of a counter event as a suite writes it: a PAPI preset (`PAPI_TOT_INS`) or a
/// native event (`perf::TASK-CLOCK`).
public typealias CounterEventName = String

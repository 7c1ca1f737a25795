// Preloaded into profiled pack processes (bench/profile/childProf.js): exit normally on SIGINT so --cpu-prof writes its file.
process.on("SIGINT", () => process.exit(0));

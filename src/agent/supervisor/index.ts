export { JobSupervisor } from './job-supervisor.js';
export { readJobMonitFiles, readMonitFilesOf, type JobDir } from './monit-files.js';
export { MonitJobSupervisor } from './port-adapter.js';
export type {
  JobState,
  LogLevel,
  ProcessState,
  ProcessStateName,
  ServiceStatus,
  SupervisorAlert,
  SupervisorOptions,
} from './types.js';

/** GET /api/v1/sample-data before loading and after: what each provider adds. */
export const emptySampleStatus = {
  loaded: false,
  counts: {
    'users and teams': 0,
    services: 0,
    incidents: 0,
    alerts: 0,
    schedules: 0,
    'escalation policies': 0,
  },
};
export const loadedSampleStatus = {
  loaded: true,
  counts: {
    'users and teams': 10,
    services: 3,
    incidents: 5,
    alerts: 9,
    schedules: 2,
    'escalation policies': 2,
  },
};

/**
 * The User Timing entry each backup copy leaves (visible in the DevTools Performance panel; the
 * bench reads it): from the first read to the last row handed over, with `detail.readMs`, the time
 * spent reading pages out of IndexedDB (the page's own work, apart from waiting on main) and
 * `detail.rows`. One entry per backup; it holds no record data.
 */
export const BACKUP_READ_MEASURE = 'Holdspace backup: pages read';

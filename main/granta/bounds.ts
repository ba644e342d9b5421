/**
 * Bounds the API implies (ids are GUIDs, words are enum names, file names are Windows paths), generous so that no
 * real server trips them; a job's name and description have none (they are kept whole and cut in the view).
 */
export const bounds = {
  id: 200,
  word: 200,
  userName: 1_000,
  roles: 1_000,
  date: 100,
  fileName: 2_048,
  files: 100_000,
  jobs: 1_000_000
} as const

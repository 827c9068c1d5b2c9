export { roles, teamRoles, type Role, type TeamRole } from './users.table.js';
export { usersPolicies } from './users.policy.js';
export { presentUser, type UserView } from './users.presenter.js';
export {
  findUserByEmail,
  findUserById,
  updateUserRow,
  claimTotpStep,
  countUsers,
  type UserRow,
} from './users.repository.js';
export { createUser, updateUser, deleteUser, getUser, listUsers } from './users.service.js';
export {
  createTeam,
  updateTeam,
  deleteTeam,
  getTeam,
  listTeams,
  setMember,
  removeMember,
  type TeamView,
} from './teams.service.js';
export {
  issuePasswordReset,
  completePasswordReset,
  changePassword,
  findUserForReset,
  setupTotp,
  enableTotp,
  disableTotp,
  requireUser,
} from './passwords.service.js';
export { verifyTotp, hotp, totpStep } from './totp.domain.js';
export { registerUserRoutes } from './users.routes.js';
export { registerTeamRoutes } from './teams.routes.js';
export * as userSchemas from './users.schema.js';
export { requestPasswordReset } from './reset-mail.js';
export { loadUsersSample, removeUsersSample, countUsersSample } from './sample-data.js';

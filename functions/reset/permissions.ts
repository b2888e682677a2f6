/** The reset undoes what the enforcer did, through the same roles: it needs exactly the enforcer's permissions. */
export { permissions } from '../enforcer/permissions';

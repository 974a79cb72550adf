import { isAdmin, type Viewer } from "../viewer";

/** The user directory (/admin/users) and the rights handed out there: site admins only. */
export function canAdministerUsers(viewer: Viewer): boolean {
  return isAdmin(viewer);
}

/** The identity port (Keystone): the projects tenants map to (IMPL-1). */

export interface VimProject {
  id: string;
  name: string;
}

export interface IdentityPort {
  /** Creates (or finds by name) the project a tenant maps to and grants the connector user a role in it. */
  ensureProject(name: string, tag: string): Promise<VimProject>;
  findProject(name: string): Promise<VimProject | undefined>;
  deleteProject(id: string): Promise<void>;
  /** The connector's own project (tenants with `vim_mapping` false deploy here). */
  defaultProject(): Promise<VimProject>;
}

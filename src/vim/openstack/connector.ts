/**
 * @module A VIM connector's settings (IMPL-3), named as ESC names them (`os_auth_url`,
 * `os_project_name`, `os_project_domain_name`, `os_user_domain_name`, user, password), and the two
 * other places operators keep them: the standard `OS_*` environment variables and a
 * `clouds.yaml` entry (`OS_CLOUD`), searched where openstacksdk searches.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

export interface OpenStackConnectorConfig {
  id: string;
  authUrl: string;
  username: string;
  password: string;
  projectName: string;
  projectDomainName: string;
  userDomainName: string;
  regionName?: string;
  interface?: 'public' | 'internal' | 'admin';
  requestTimeoutMs?: number;
}

type Env = Record<string, string | undefined>;

function required(value: string | undefined, what: string): string {
  if (!value) throw new Error(`OpenStack connector: ${what} is not set`);
  return value;
}

function endpointInterface(value: string | undefined): OpenStackConnectorConfig['interface'] {
  if (value === undefined) return undefined;
  const v = value.replace(/URL$/, '');
  if (v === 'public' || v === 'internal' || v === 'admin') return v;
  throw new Error(`OpenStack connector: interface '${value}' is not public, internal or admin`);
}

/** The OpenStack emulator's seeded admin: user, password and project `admin` in domain Default, RegionOne. */
export function emulatorConnector(authUrl: string, id = 'default_openstack_vim'): OpenStackConnectorConfig {
  return { id, authUrl, username: 'admin', password: 'admin', projectName: 'admin', projectDomainName: 'Default', userDomainName: 'Default', regionName: 'RegionOne' };
}

/** From `OS_AUTH_URL`, `OS_USERNAME`, `OS_PASSWORD`, `OS_PROJECT_NAME` (or `OS_TENANT_NAME`), … */
export function connectorFromEnv(env: Env, id = 'default_openstack_vim'): OpenStackConnectorConfig {
  return {
    id,
    authUrl: required(env.OS_AUTH_URL, 'OS_AUTH_URL'),
    username: required(env.OS_USERNAME, 'OS_USERNAME'),
    password: required(env.OS_PASSWORD, 'OS_PASSWORD'),
    projectName: required(env.OS_PROJECT_NAME ?? env.OS_TENANT_NAME, 'OS_PROJECT_NAME'),
    projectDomainName: env.OS_PROJECT_DOMAIN_NAME ?? env.OS_PROJECT_DOMAIN_ID ?? 'Default',
    userDomainName: env.OS_USER_DOMAIN_NAME ?? env.OS_USER_DOMAIN_ID ?? 'Default',
    regionName: env.OS_REGION_NAME || undefined,
    interface: endpointInterface(env.OS_INTERFACE || env.OS_ENDPOINT_TYPE || undefined),
  };
}

/** ESC's VIM connector properties (`os_auth_url`, …, plus the user's name and password). */
export function connectorFromEsc(props: {
  id: string;
  os_auth_url: string;
  os_project_name: string;
  os_project_domain_name?: string;
  os_user_domain_name?: string;
  os_region_name?: string;
  username: string;
  password: string;
}): OpenStackConnectorConfig {
  return {
    id: props.id,
    authUrl: props.os_auth_url,
    username: props.username,
    password: props.password,
    projectName: props.os_project_name,
    projectDomainName: props.os_project_domain_name ?? 'Default',
    userDomainName: props.os_user_domain_name ?? 'Default',
    regionName: props.os_region_name,
  };
}

/** openstacksdk's search order: current directory, user config, system config. */
export function cloudsYamlPaths(env: Env = process.env): string[] {
  return [
    ...(env.OS_CLIENT_CONFIG_FILE ? [env.OS_CLIENT_CONFIG_FILE] : []),
    join(process.cwd(), 'clouds.yaml'),
    join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'openstack', 'clouds.yaml'),
    '/etc/openstack/clouds.yaml',
  ];
}

interface CloudEntry {
  auth?: Record<string, string | undefined>;
  region_name?: string;
  interface?: string;
  api_timeout?: number;
}

/** The entry `cloudName` of the first clouds.yaml found (or of `path` when given). */
export function connectorFromCloudsYaml(path: string | undefined, cloudName: string): OpenStackConnectorConfig {
  const file = path ?? cloudsYamlPaths().find((p) => existsSync(p));
  if (!file) throw new Error(`OpenStack connector: no clouds.yaml in ${cloudsYamlPaths().join(', ')}`);
  const doc = parse(readFileSync(file, 'utf8')) as { clouds?: Record<string, CloudEntry> } | null;
  const cloud = doc?.clouds?.[cloudName];
  if (!cloud) throw new Error(`OpenStack connector: cloud '${cloudName}' is not in ${file}`);
  const auth = cloud.auth ?? {};
  return {
    id: cloudName,
    authUrl: required(auth.auth_url, `clouds.${cloudName}.auth.auth_url`),
    username: required(auth.username, `clouds.${cloudName}.auth.username`),
    password: required(auth.password, `clouds.${cloudName}.auth.password`),
    projectName: required(auth.project_name ?? auth.tenant_name, `clouds.${cloudName}.auth.project_name`),
    projectDomainName: auth.project_domain_name ?? auth.project_domain_id ?? auth.domain_name ?? 'Default',
    userDomainName: auth.user_domain_name ?? auth.user_domain_id ?? auth.domain_name ?? 'Default',
    regionName: cloud.region_name,
    interface: endpointInterface(cloud.interface),
    requestTimeoutMs: cloud.api_timeout !== undefined ? cloud.api_timeout * 1000 : undefined,
  };
}

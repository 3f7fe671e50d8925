import type {
  BackstageCredentials,
  UserInfoService,
} from '@backstage/backend-plugin-api';

/** The refs a caller acts as (themselves and their groups); none for a service. */
export async function callerOwnership(
  userInfo: UserInfoService,
  credentials: BackstageCredentials,
): Promise<string[]> {
  if ((credentials.principal as { type?: string })?.type !== 'user') return [];
  const { ownershipEntityRefs } = await userInfo.getUserInfo(credentials);
  return ownershipEntityRefs;
}

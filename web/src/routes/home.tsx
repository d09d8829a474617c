/** `/`: each role's first page. */
import { Navigate } from 'react-router';
import { useSession } from '../api/session';
import { homeOf } from '../app/nav';

export function Component() {
  const session = useSession();
  return session.data ? <Navigate to={homeOf(session.data.role)} replace /> : null;
}

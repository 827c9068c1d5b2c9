import { useMe } from '../../app/session.js';
import { roleLabels } from '../../lib/format.js';
import { PageHeader } from '../../components/page-header.js';
import { ContactMethodsSection } from '../contact-methods/contact-methods-section.js';
import { NotificationRulesSection } from '../contact-methods/notification-rules-section.js';
import { PasswordForm } from './password-form.js';
import { ProfileForm } from './profile-form.js';
import { TotpSection } from './totp-section.js';

/** Your own account: profile, how Keel reaches you, password and two-factor authentication. */
export function AccountPage() {
  const me = useMe();
  return (
    <>
      <PageHeader
        title="Account"
        meta={
          <>
            <span className="mono-soft">{me.email}</span> · {roleLabels[me.role] ?? me.role}
          </>
        }
      />
      <div className="stack">
        <ProfileForm />
        <ContactMethodsSection />
        <NotificationRulesSection />
        <PasswordForm />
        <TotpSection />
      </div>
    </>
  );
}

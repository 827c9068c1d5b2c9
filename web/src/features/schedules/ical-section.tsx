import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { errorMessage } from '../../lib/api.js';
import { Alert } from '../../components/alert.js';
import { Button } from '../../components/button.js';
import { CopyField } from '../../components/copy-field.js';
import { Dialog } from '../../components/dialog.js';
import { absoluteUrl } from '../users/users.api.js';
import { schedulesApi } from './schedules.api.js';

const hint =
  'Subscribe to it in Google Calendar (“From URL”) or Outlook (“Subscribe from web”). Anyone with the link can read the shifts; making a new link ends the old one.';

/** A button that makes a secret iCalendar feed URL and shows it once, to copy. */
function IcalButton({
  title,
  label,
  make,
}: {
  title: string;
  label: string;
  make: () => Promise<{ url: string }>;
}) {
  const [open, setOpen] = useState(false);
  const get = useMutation({ mutationFn: make });
  return (
    <>
      <Button
        onClick={() => {
          setOpen(true);
          get.reset();
        }}
      >
        {label}
      </Button>
      <Dialog open={open} title={title} onClose={() => setOpen(false)} busy={get.isPending}>
        <div className="form">
          {get.data ? (
            <CopyField label="Calendar feed URL" value={absoluteUrl(get.data.url)} hint={hint} />
          ) : (
            <>
              <p>{hint}</p>
              {get.isError ? <Alert tone="error">{errorMessage(get.error)}</Alert> : null}
              <div className="form-actions">
                <Button onClick={() => setOpen(false)}>Cancel</Button>
                <Button
                  variant="primary"
                  pending={get.isPending}
                  pendingLabel="Making a link…"
                  onClick={() => get.mutate()}
                >
                  Make a feed link
                </Button>
              </div>
            </>
          )}
        </div>
      </Dialog>
    </>
  );
}

export function IcalScheduleButton({ scheduleId }: { scheduleId: string }) {
  return (
    <IcalButton
      title="Calendar feed of this schedule"
      label="Calendar feed"
      make={() => schedulesApi.icalToken(scheduleId)}
    />
  );
}

/** Your own shifts across every schedule, as one feed. */
export function IcalMineButton() {
  return (
    <IcalButton
      title="Your shifts as a calendar feed"
      label="My calendar feed"
      make={schedulesApi.myIcalToken}
    />
  );
}

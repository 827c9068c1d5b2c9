import type { Errors } from '../../lib/validate.js';
import type { MonitorForm } from './monitor-form-model.js';

/** What each type's field group gets: the form, setters for config text and switches, errors. */
export interface TypeFieldProps {
  form: MonitorForm;
  setC: (key: string, value: string) => void;
  setB: (key: string, value: boolean) => void;
  errors: Errors;
}

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ApiError } from './lib/api.js';
import { App } from './app/app.js';
import './styles/tokens.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/controls.css';
import './styles/components.css';
import './styles/tables.css';
import './styles/dialog.css';
import './styles/reference.css';
import './styles/services.css';
import './styles/incidents.css';
import './styles/alert-rules.css';
import './styles/oncall.css';
import './styles/monitors.css';

const client = new QueryClient({
  defaultOptions: {
    queries: {
      // Show cached data at once, but refetch on every visit: other people change things too.
      staleTime: 0,
      refetchOnWindowFocus: false,
      // A 4xx will not change by asking again; network and 5xx errors get one more try.
      retry: (count, err) => count < 1 && !(err instanceof ApiError && err.status >= 400 && err.status < 500),
    },
  },
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={client}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);

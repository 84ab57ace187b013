'use client';

import { usePathname, useRouter } from 'next/navigation';
import { useState } from 'react';
import { useTRPCClient } from '@/components/trpc/client';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { useToast } from '@/components/ui/Toast';
import type { ServiceDto } from '@/server/catalog/catalog.schema';
import { ServiceForm } from './ServiceForm';
import { DeleteService } from './ServicesView';

// Edit and delete on a service's own page (rendered on the server, so a change
// refreshes the route, or leaves it when the slug or the service is gone).
export function ServiceActions({ service }: { service: ServiceDto }) {
  const router = useRouter();
  // The same actions sit on the service page and on its catalog entry: stay where the user is.
  const base = usePathname().startsWith('/services/') ? '/services' : '/settings/services';
  const client = useTRPCClient();
  const toast = useToast();
  const [open, setOpen] = useState<'edit' | 'delete' | null>(null);
  const close = () => setOpen(null);

  return (
    <>
      <div className="row">
        <Button onClick={() => setOpen('edit')}>Edit service</Button>
        <Button variant="danger" onClick={() => setOpen('delete')}>
          Delete service
        </Button>
      </div>
      <Dialog open={open === 'edit'} onClose={close} title={`Edit service ${service.name}`}>
        <ServiceForm
          service={service}
          onCancel={close}
          onDone={(saved) => {
            close();
            toast.show(`Service ${saved.name} saved`);
            if (saved.slug !== service.slug) router.replace(`${base}/${saved.slug}`);
            else router.refresh();
          }}
        />
      </Dialog>
      {open === 'delete' && (
        <DeleteService
          service={service}
          onCancel={close}
          onConfirm={() => client.catalog.delete.mutate({ id: service.id })}
          onDone={() => {
            toast.show(`Service ${service.name} deleted`);
            router.replace('/settings/services');
          }}
        />
      )}
    </>
  );
}
